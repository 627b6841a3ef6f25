using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Dashboard.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use, named by the environment variable <see cref="Variable"/> (a connection string
/// to a database the tests may create databases from, e.g. <c>Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres</c>).
/// <c>.ci/run</c> (and <c>.ci/with-postgres</c> for a developer) starts a throwaway cluster and sets it. Without it the
/// PostgreSQL half of each two-engine test class is reported as skipped, with the reason — never silently green, and
/// <c>.ci/run</c> fails when any test was skipped.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "DASHBOARD_TEST_POSTGRES";

    public const string NotRunReason =
        "未运行：没有 PostgreSQL（设置 " + Variable + "，或用 .ci/with-postgres dotnet test 启动一个临时集群）";

    public static string? Server { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool Available => Server is not null;

    private static int counter;

    /// <summary>Creates an empty database of its own and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var server = Server ?? throw new InvalidOperationException(NotRunReason);
        var name = $"dashboard_test_{Environment.ProcessId}_{Interlocked.Increment(ref counter)}_{Guid.NewGuid():N}"[..50];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, even while something still holds a connection.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test class whose tests run against PostgreSQL: the nested <c>OnPostgres</c> half of a two-engine class.</summary>
public interface IOnPostgres;

/// <summary>
/// A fact of a two-engine test class: the class itself runs it on SQLite, its nested <c>OnPostgres</c> class on
/// PostgreSQL — or reports it skipped, with the reason, where no PostgreSQL is configured.
/// </summary>
[XunitTestCaseDiscoverer("Dashboard.Tests.Support.EngineFactDiscoverer", "Dashboard.Tests")]
public sealed class EngineFactAttribute : FactAttribute;

public sealed class EngineFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var onPostgres = typeof(IOnPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        yield return onPostgres && !TestPostgres.Available
            ? new NotRunTestCase(diagnostics, display, displayOptions, testMethod, TestPostgres.NotRunReason)
            : new XunitTestCase(diagnostics, display, displayOptions, testMethod);
    }
}

/// <summary>A test case reported as skipped with a reason decided at discovery.</summary>
public sealed class NotRunTestCase : XunitTestCase
{
    private string reason = "";

    [Obsolete("For deserialization only")]
    public NotRunTestCase()
    {
    }

    public NotRunTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(diagnostics, display, displayOptions, testMethod) => this.reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("NotRunReason", reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        reason = data.GetValue<string>("NotRunReason");
        base.Deserialize(data);
    }
}

/// <summary>A theory of a two-engine test class (see <see cref="EngineFactAttribute"/>).</summary>
[XunitTestCaseDiscoverer("Dashboard.Tests.Support.EngineTheoryDiscoverer", "Dashboard.Tests")]
public sealed class EngineTheoryAttribute : TheoryAttribute;

public sealed class EngineTheoryDiscoverer(IMessageSink diagnostics) : TheoryDiscoverer(diagnostics)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        if (typeof(IOnPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) && !TestPostgres.Available)
        {
            return [new NotRunTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, TestPostgres.NotRunReason)];
        }
        return base.Discover(discoveryOptions, testMethod, theoryAttribute);
    }
}
