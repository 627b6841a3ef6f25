using Dashboard.Data.Users;

namespace Dashboard.Tests.Support;

public static class Actors
{
    public static Actor Editor(string name) => new(name, Role.Editor);
}
