namespace Dashboard.Data.Users;

public sealed record User
{
    public long Id { get; init; }
    public required string UserName { get; init; }
    public Role Role { get; init; }
    /// <summary>The organization the role holds for, with everything under it; null for every organization.</summary>
    public long? OrganizationId { get; init; }
    public required string PasswordHash { get; init; }
    public required string SecurityStamp { get; init; }
    public bool Disabled { get; init; }
    /// <summary>Where the user's notifications are mailed too (通知邮箱); empty: in the app only.</summary>
    public string Email { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A signed-in session: open from <see cref="CreatedAt"/> until it is ended (signing out) or reaches <see cref="ExpiresAt"/>.</summary>
public sealed record Session
{
    public required string Id { get; init; }
    public long UserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public bool IsOpenAt(DateTimeOffset now) => EndedAt is null && ExpiresAt > now;
}
