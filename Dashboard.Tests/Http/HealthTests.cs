using System.Net;
using System.Text.Json;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Http;

/// <summary>/healthz: the status for anyone; what is wrong, free space, versions and backups only for the machine itself and administrators.</summary>
public sealed class HealthTests(SignedInApp app) : IClassFixture<SignedInApp>
{
    [Theory]
    [InlineData(null)]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Editor)]
    public async Task AnyoneButAnAdministratorFromElsewhereGetsTheStatusOnly(Role? role)
    {
        // The in-process server has no client address: a caller from elsewhere, not the machine itself.
        var response = await app.Client(role).GetAsync("/healthz");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnAdministratorGetsTheDetails()
    {
        using var body = JsonDocument.Parse(await app.Client(Role.Admin).GetStringAsync("/healthz"));

        Assert.True(body.RootElement.TryGetProperty("freeBytes", out _));
        Assert.True(body.RootElement.TryGetProperty("schemaVersion", out _));
        Assert.True(body.RootElement.TryGetProperty("problems", out _));
    }
}
