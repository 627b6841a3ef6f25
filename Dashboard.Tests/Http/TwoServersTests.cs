using System.Net;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Changes;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Http;

/// <summary>
/// Two app servers on one PostgreSQL database, as a district runs them behind a load balancer: a sign-in on one is
/// honoured by the other (the keys are in the database), and a change committed anywhere — through either server, or
/// by another program with plain SQL — reaches the other server's open screens (LISTEN/NOTIFY).
/// </summary>
public sealed class TwoServersTests : IOnPostgres, IAsyncLifetime
{
    private DashboardApp first = null!;
    private DashboardApp second = null!;

    public async Task InitializeAsync()
    {
        first = new DashboardApp(engine: DatabaseEngine.Postgres);
        _ = first.Services;   // started: migrated and seeded
        second = new DashboardApp(engine: DatabaseEngine.Postgres, postgres: first.Postgres);
        _ = second.Services;
        await first.AddUserAsync("editor", Role.Editor, SignedInApp.Password);
        await second.Services.GetRequiredService<DataChanges>().Ready;
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [EngineFact]
    public async Task ASignInOnOneServerIsHonouredByTheOther()
    {
        using var signIn = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await Browsing.SignInAsync(signIn, "editor", SignedInApp.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];

        using var other = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        var page = await other.GetAsync("/figures/edit?org=luoxing");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [EngineFact]
    public async Task ASaveThroughOneServerAndPlainSqlFromAnotherProgramReachTheOtherServer()
    {
        var changes = second.Services.GetRequiredService<DataChanges>();
        var db = first.Services.GetRequiredService<DashboardDb>();
        var figure = (await new FigureQueries(db).GetFiguresAsync(
            (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!.Id, 2024, Reader.System("测试")))[0];

        var seen = NextChange(changes);
        await first.Services.GetRequiredService<FigureCommands>().SaveAsync(new FigureSave
        {
            OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = figure.Value + 1,
            Qualifier = figure.Qualifier, Status = figure.Status, ExpectedVersion = figure.Version, Reason = "核对台账",
        }, Actor.System("test"));
        await seen.WaitAsync(TimeSpan.FromSeconds(10));

        seen = NextChange(changes);
        await using (var program = new NpgsqlConnection(first.Postgres))
        {
            await program.OpenAsync();
            await program.ExecuteAsync("UPDATE figures SET note = 'psql' WHERE id = @Id", new { figure.Id });
        }
        await seen.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [EngineFact]
    public async Task AfterTheDatabaseDroppedEveryConnectionThePagesLoadAtTheFirstTry()
    {
        // A few connections pooled by the server, as after any busy minute.
        using var client = second.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetStringAsync("/?org=luoxing")));
        var changes = second.Services.GetRequiredService<DataChanges>();
        var back = NextChange(changes);

        // What a restart of the database does to every connection it had: FATAL 57P01, then a closed socket.
        await using (var admin = new NpgsqlConnection(first.Postgres + ";Pooling=false"))
        {
            await admin.OpenAsync();
            // The connections chosen first, then ended: in one WHERE clause PostgreSQL may call pg_terminate_backend
            // before it has filtered the rows, ending every test's connections in the cluster.
            var others = (await admin.QueryAsync<int>(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).ToList();
            foreach (var pid in others)
            {
                await admin.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid });
            }
            Assert.True(others.Count >= 3, $"{others.Count} connections dropped: the listeners' and at least one a page would be handed");
        }
        await back.WaitAsync(TimeSpan.FromSeconds(10));   // the server's listener noticed, and is listening again

        // No page is handed one of the dead pooled connections: Npgsql sees on taking one from the pool that the server
        // has closed it. (Guards a driver upgrade; the first page after a restart must not be an error.)
        foreach (var _ in Enumerable.Range(0, 6))
        {
            var page = await client.GetAsync("/?org=luoxing");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    private static Task NextChange(DataChanges changes)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changes.Changed += _ => seen.TrySetResult();
        return seen.Task;
    }
}
