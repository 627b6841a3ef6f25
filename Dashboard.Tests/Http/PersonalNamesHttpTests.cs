using Dapper;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>Personal names in a report reach no visitor, also through a figure's words whose report is still a draft.</summary>
public sealed class PersonalNamesHttpTests
{
    [Fact]
    public async Task AFiguresWordsAreMaskedForVisitorsWhenItsReportIsAStillDraft()
    {
        await using var app = new DashboardApp();
        using var client = app.CreateClient();
        await client.GetAsync("/healthz");
        await using (var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE reports SET published = NULL");
            await connection.ExecuteAsync("""
                UPDATE figures SET source_text = '我街受理行政复议案件7件（任建新6件，陈兴1件）'
                WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'administrative_reconsideration_cases')
                """);
        }

        var html = await client.GetStringAsync("/indicators/administrative_reconsideration_cases");

        Assert.Contains("7件", html);
        Assert.DoesNotContain("任建新", html);
        Assert.Contains("任某某6件", html);
    }
}
