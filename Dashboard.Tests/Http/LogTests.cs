using System.Text.Json;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

public sealed class LogTests
{
    [Fact]
    public async Task TheLogFileInTheDataFolderHoldsStructuredEventsWithoutPasswordsOrNames()
    {
        await using var app = new DashboardApp();
        const string password = "correct-horse-battery";
        var user = await app.AddUserAsync("wangwu", Role.Editor, password);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        await Browsing.SignInAsync(client, "wangwu", "wrong-password-1");
        // A password typed into the user-name box: it must not end up in a log.
        await Browsing.SignInAsync(client, "my-secret-password", password);
        await Browsing.SignInAsync(client, "wangwu", password);

        var events = ReadEvents(app.DataFolder);
        Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Failed sign-in for user #")
                                     && e.GetProperty("UserId").GetInt64() == user.Id && e.GetProperty("@l").GetString() == "Warning");
        Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Failed sign-in with a user name that matches no user"));
        Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("User #{UserId} signed in") && e.GetProperty("UserId").GetInt64() == user.Id);
        Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Database {Path}"));
        var text = string.Join("\n", events.Select(e => e.GetRawText()));
        foreach (var secret in new[] { "wangwu", password, "wrong-password-1", "my-secret-password" })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public async Task WhatAnAdministratorDoesToAccountsIsLoggedWithWhoDidItToWhom()
    {
        await using var app = new DashboardApp();
        var admin = await app.AddUserAsync("boss", Role.Admin, "correct-horse-battery");
        var user = await app.AddUserAsync("wangwu", Role.Editor, "correct-horse-battery");
        var accounts = app.Services.GetRequiredService<Dashboard.Web.Security.AccountService>();
        var actor = await Actors.SignInAsync(app.Services.GetRequiredService<Dashboard.Data.DashboardDb>(), "boss", Role.Admin);

        await accounts.SetRoleAsync("wangwu", Role.Viewer, actor);
        await accounts.SetDisabledAsync("wangwu", true, actor);
        await accounts.SetDisabledAsync("wangwu", false, actor);
        await accounts.SetPasswordAsync("wangwu", "another-horse-battery", actor);
        await accounts.UnlockAsync("wangwu", actor);

        var lines = ReadEvents(app.DataFolder)
            .Where(e => e.TryGetProperty("Actor", out var who) && who.GetString() == $"user #{admin.Id}" && e.TryGetProperty("User", out var target) && target.GetString() == $"user #{user.Id}")
            .Select(e => e.GetProperty("@mt").GetString() + " " + (e.TryGetProperty("Change", out var change) ? change.GetString() : e.TryGetProperty("Role", out var role) ? role.GetString() : ""))
            .ToList();
        Assert.Equal(
            ["Role of {User} changed to {Role} for organization {Organization} by {Actor} Viewer", "{User} {Change} by {Actor} disabled", "{User} {Change} by {Actor} enabled",
             "Password of {User} set by {Actor} ", "Sign-in failures of {User} cleared by {Actor} "],
            lines);
    }

    /// <summary>Every line of the day's log file, each one JSON object (the file is open in the app: read it shared).</summary>
    private static List<JsonElement> ReadEvents(string dataFolder)
    {
        var file = Assert.Single(Directory.GetFiles(Path.Combine(dataFolder, "logs"), "dashboard-*.json"));
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var events = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            events.Add(JsonDocument.Parse(line).RootElement.Clone());
        }
        return events;
    }
}
