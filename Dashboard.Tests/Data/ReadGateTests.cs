using Dashboard.Data.Import;

namespace Dashboard.Tests.Data;

/// <summary>How many uploaded files are read at once: one per user, <see cref="ReadGate.PerServer"/> for the server.</summary>
public sealed class ReadGateTests
{
    [Fact]
    public async Task AUserReadingAFileIsToldToWaitForItBeforeTheNextAndMayGoOnOnceItIsRead()
    {
        var gate = new ReadGate();
        using var first = await gate.EnterAsync("zhangsan");

        using var second = await gate.EnterAsync("zhangsan");
        var otherUser = await gate.EnterAsync("lisi");
        first.Dispose();
        using var afterwards = await gate.EnterAsync("zhangsan");

        Assert.Null(first.Refusal);
        Assert.Equal("您已有一个文件正在读取，请等它读完再上传下一个。", second.Refusal);
        Assert.Null(otherUser.Refusal);
        Assert.Null(afterwards.Refusal);
        otherUser.Dispose();
    }

    [Fact]
    public async Task BeyondTheServersReadsAtOnceTheNextWaitsForATurnToBeGivenBack()
    {
        var gate = new ReadGate();
        var turns = new List<ReadTurn>();
        for (var i = 0; i < ReadGate.PerServer; i++) turns.Add(await gate.EnterAsync($"user{i}"));

        var waiting = gate.EnterAsync("one-more");
        var waitedBeforeATurnCameBack = !waiting.IsCompleted;
        turns[0].Dispose();
        using var turn = await waiting;

        Assert.All(turns, t => Assert.Null(t.Refusal));
        Assert.True(waitedBeforeATurnCameBack);
        Assert.Null(turn.Refusal);
        foreach (var t in turns) t.Dispose();
    }
}
