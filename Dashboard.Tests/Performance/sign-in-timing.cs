#:property ManagePackageVersionsCentrally=false
// Times failed sign-ins against a running app: a real user name with a wrong password, and names that match no user,
// alternating, each from its own client address. Usage: dotnet run sign-in-timing.cs URL REAL-NAME [ATTEMPTS]
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

var url = args[0];
var realName = args[1];
var attempts = args.Length > 2 ? int.Parse(args[2]) : 200;
var times = new Dictionary<string, List<double>> { ["real name, wrong password"] = [], ["unknown name"] = [] };

for (var i = 0; i < attempts * 2 + 20; i++)
{
    var real = i % 2 == 0;
    using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(url) };
    client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");
    var form = await client.GetStringAsync("/account/signin");
    var token = WebUtility.HtmlDecode(Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value);
    var content = new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["_handler"] = "signin", ["__RequestVerificationToken"] = token,
        ["Input.UserName"] = real ? realName : $"nobody-{Guid.NewGuid():N}"[..16], ["Input.Password"] = "wrong-password-1",
    });
    var clock = Stopwatch.StartNew();
    var response = await client.PostAsync("/account/signin", content);
    var page = await response.Content.ReadAsStringAsync();
    clock.Stop();
    if (!page.Contains("用户名或密码不正确")) throw new InvalidOperationException($"attempt {i} was not refused as expected");
    if (i >= 20) times[real ? "real name, wrong password" : "unknown name"].Add(clock.Elapsed.TotalMilliseconds);   // the first 20 warm up
}

foreach (var (kind, list) in times)
{
    list.Sort();
    double P(double p) => list[Math.Min(list.Count - 1, (int)Math.Ceiling(list.Count * p / 100) - 1)];
    Console.WriteLine($"{kind,-26} n={list.Count}  p50 {P(50):F1} ms  p95 {P(95):F1} ms  p99 {P(99):F1} ms");
}
