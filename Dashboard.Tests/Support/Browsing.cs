using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Support;

/// <summary>What a browser does with the app's forms: fetch the page, keep its antiforgery token, post.</summary>
public static partial class Browsing
{
    /// <summary>Signs in through the real sign-in form; returns the response (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/signin");
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Where a redirect sends the browser, as a path and query of the app (a Location may be relative).</summary>
    public static string Landing(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery;

    public static string AntiforgeryToken(string html) =>
        TokenInput().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("no antiforgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
