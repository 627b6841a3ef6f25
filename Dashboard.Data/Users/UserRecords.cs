namespace Dashboard.Data.Users;

public sealed record User
{
    public long Id { get; init; }
    public required string UserName { get; init; }
    public Role Role { get; init; }
    public required string PasswordHash { get; init; }
    public required string SecurityStamp { get; init; }
    public bool Disabled { get; init; }
    public int FailedAttempts { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
