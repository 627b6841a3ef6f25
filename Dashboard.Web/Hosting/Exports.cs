using Dashboard.Data;
using Dashboard.Data.Spreadsheets;
using Dashboard.Web.Security;
using Dashboard.Web.Views;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Spreadsheets out, as plain downloads (a link, no live connection): an organization's figures — a district's with
/// every organization under it, one sheet each — and the entry template of a year. Published figures are for anyone,
/// as on the dashboard; provisional ones only for the users of the organization (or of its district); the template
/// only for its editors.
/// </summary>
public static class Exports
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/figures.{format}", async (string format, string? org, string? year, HttpContext context, ScreenViews views, FigureExport export, CancellationToken cancellationToken) =>
        {
            if (Format(format) is not { } sheetFormat) return Results.NotFound();
            var actor = context.User.ToActor();
            var choice = await views.ChooseAsync(org, actor);
            if (choice.Chosen is not { } organization) return Results.NotFound();
            var all = await views.OrganizationsAsync();
            // A district's file holds the district and every organization under it (archived ones too: they have figures).
            var included = all.Where(o => o.Id == organization.Id || o.Lineage.Contains(organization.Id)).ToList();
            var chosenYear = Components.QueryValue.Int(year);
            var stream = new MemoryStream();
            await export.WriteFiguresAsync(stream, sheetFormat, included, chosenYear, await views.ReaderAsync(actor), cancellationToken);
            stream.Position = 0;
            return Results.File(stream, ContentType(sheetFormat), $"{organization.Name}-指标数据{(chosenYear is { } y ? $"-{y}" : "")}.{format}");
        }).AllowAnonymous();

        // A district's page as a workbook: the same view, as the one asking may see it.
        endpoints.MapGet("/exports/district.xlsx", async (string? org, string? year, HttpContext context, ScreenViews views, CancellationToken cancellationToken) =>
        {
            var actor = context.User.ToActor();
            if (await views.DistrictAsync(await views.ChooseAsync(org, actor), actor, Components.QueryValue.Int(year)) is not { } view) return Results.NotFound();
            var stream = new MemoryStream();
            await DistrictWorkbook.WriteAsync(stream, view, cancellationToken);
            stream.Position = 0;
            return Results.File(stream, ContentType(SheetFormat.Xlsx), $"{view.District.Name}-{view.Year}年度-各街镇对比.xlsx");
        }).AllowAnonymous();

        endpoints.MapGet("/exports/template.{format}", async (string format, string? org, string? year, HttpContext context, ScreenViews views, FigureExport export, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (Format(format) is not { } sheetFormat) return Results.NotFound();
            var actor = context.User.ToActor();
            var choice = await views.ChooseAsync(org, actor, Policies.EditFigures);
            if (choice.Chosen is not { } organization) return Results.Forbid();
            var chosenYear = Components.QueryValue.Int(year) is { } y && YearRules.IsValid(y) ? y : YearRules.Reporting(clock);
            var stream = new MemoryStream();
            await export.WriteTemplateAsync(stream, sheetFormat, organization, chosenYear, await views.ReaderAsync(actor), cancellationToken);
            stream.Position = 0;
            return Results.File(stream, ContentType(sheetFormat), $"{organization.Name}-{chosenYear}年度-录入模板.{format}");
        }).RequireAuthorization(Policies.EditFigures);
        return endpoints;
    }

    private static SheetFormat? Format(string extension) => extension switch
    {
        "xlsx" => SheetFormat.Xlsx,
        "csv" => SheetFormat.Csv,
        _ => null,
    };

    private static string ContentType(SheetFormat format) => format == SheetFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";
}
