using Dashboard.Data.Reports;

namespace Dashboard.Tests.Data;

public sealed class PersonalNamesTests
{
    [Theory]
    [InlineData("受理行政复议案件7件（任建新6件，陈兴1件）", "任建新、陈兴", "受理行政复议案件7件（任某某6件，陈某某1件）")]
    [InlineData("申请人欧阳娜娜", "欧阳娜娜", "申请人欧阳某某")]
    [InlineData("任建新与任建", "任建，任建新", "任某某与任某某")]
    [InlineData("无人名", "", "无人名")]
    public void NamesAreMaskedAsCourtsPublishThem(string text, string names, string expected) =>
        Assert.Equal(expected, PersonalNames.Mask(text, names));

    [Fact]
    public void AListIsStoredWithEachNameOnceSeparatedByDunHao() =>
        Assert.Equal("任建新、陈兴", PersonalNames.Normalize(" 任建新，陈兴 、任建新"));

    [Theory]
    [InlineData("任")]
    [InlineData("任建新、一二三四五六七八九十一")]
    public void SomethingThatCannotBeANameIsRefusedWithAMessage(string names) =>
        Assert.Contains(PersonalNames.Check(names), problem => problem.Contains("不像一个人名"));
}
