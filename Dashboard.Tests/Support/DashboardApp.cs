using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real app over a data folder of its own, seeded on start. In-process by default; on Kestrel at a real
/// 127.0.0.1 port for browser tests.
/// </summary>
public class DashboardApp : WebApplicationFactory<Program>
{
    private readonly bool sampleData;

    public DashboardApp(bool sampleData = false, bool kestrel = false)
    {
        this.sampleData = sampleData;
        if (kestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("dashboard-app-").FullName;

    /// <summary>Where Kestrel listens (after <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/>).</summary>
    public string BaseAddress => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the package assets (MudBlazor's _content) from the build output.
        builder.UseEnvironment("Development");
        // ... but with the caching headers of production, which Development otherwise turns off.
        builder.UseSetting("EnableStaticAssetsDevelopmentCaching", "true");
        builder.UseSetting("Dashboard:DataFolder", DataFolder);
        builder.UseSetting("Dashboard:SampleData", sampleData ? "true" : "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>One seeded app shared by a test class.</summary>
public sealed class SeededApp : DashboardApp;
