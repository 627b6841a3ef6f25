using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Drafts;

/// <summary>A row of unsaved work: its fields as typed, and the version of the stored data it was typed over.</summary>
public sealed record DraftRow(string Version, IReadOnlyDictionary<string, string> Fields);

/// <summary>The unsaved work of one page (one organization and year of one editor), by row.</summary>
public sealed record Draft(IReadOnlyDictionary<string, DraftRow> Rows);

/// <summary>
/// Unsaved work kept in the browser tab (wwwroot/drafts.js) while it is typed, so a page that loses its live
/// connection — the server restarted — gets it back after reloading, to be saved then. Editing pages watch their
/// form under a key (organization and year), take the draft back after their first render, and clear it once saved.
/// A draft belongs to the session it was typed in: another user signing in in the same tab never gets it (the keys
/// carry a hash of the session, and drafts of other sessions are removed). One per circuit.
/// </summary>
public sealed class BrowserDrafts(IJSRuntime js, AuthenticationStateProvider authentication) : IAsyncDisposable
{
    /// <summary>A draft is a handful of rows, or one report (≤ 200,000 characters, up to 3 bytes each, and JSON escapes).</summary>
    private const long MaxDraftBytes = 4_000_000;

    private IJSObjectReference? module;

    private async Task<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>("import", "./drafts.js");

    /// <summary>Starts keeping what is typed inside <paramref name="root"/> under <paramref name="key"/>.</summary>
    public async Task WatchAsync(ElementReference root, string key)
    {
        var drafts = await ModuleAsync();
        var owner = await OwnerAsync();
        await drafts.InvokeVoidAsync("unwatch", root);
        await drafts.InvokeVoidAsync("watch", root, $"{owner}:{key}", owner);
    }

    /// <summary>
    /// The rows inside <paramref name="root"/> being edited in the browser (their <c>data-draft-row</c>): typed in since
    /// the last save, or holding the cursor — what a live update must leave alone. Empty before the page is watched.
    /// </summary>
    public async Task<IReadOnlySet<string>> EditingAsync(ElementReference root) =>
        module is null ? new HashSet<string>() : (await module.InvokeAsync<string[]?>("editing", root) ?? []).ToHashSet();

    /// <summary>Who a draft belongs to: a hash of the session (not the session id itself, which is a credential).</summary>
    private async Task<string> OwnerAsync()
    {
        var session = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(AccountService.SessionClaim) ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(session)))[..16];
    }

    /// <summary>The draft kept under <paramref name="key"/>, or null when there is none (or it cannot be read).</summary>
    public async Task<Draft?> TakeAsync(string key)
    {
        var drafts = await ModuleAsync();
        key = $"{await OwnerAsync()}:{key}";
        if (!await drafts.InvokeAsync<bool>("has", key))
        {
            return null;
        }
        await using var stream = await drafts.InvokeAsync<IJSStreamReference>("take", key);
        await using var content = await stream.OpenReadStreamAsync(MaxDraftBytes);
        try
        {
            return await JsonSerializer.DeserializeAsync<Draft>(content, JsonSerializerOptions.Web) is { Rows: not null } draft ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Nothing inside <paramref name="root"/> is unsaved any more (saved, discarded, or left on purpose).</summary>
    public async Task ClearAsync(ElementReference root, string key) => await (await ModuleAsync()).InvokeVoidAsync("clear", root, $"{await OwnerAsync()}:{key}");

    /// <summary>Stops watching <paramref name="root"/> (the page is leaving); what it kept stays for the next visit.</summary>
    public async Task UnwatchAsync(ElementReference root)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("unwatch", root);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
