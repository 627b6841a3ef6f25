// Writes the upload bombs of the tests (Dashboard.Tests/Support/FileBombs.cs) into a folder, at the penetration test's
// own sizes, for measure-uploads.sh. Loads the built test assembly rather than copying its code.
// Usage: dotnet run file-bombs.cs -- TEST_ASSEMBLY OUTPUT_FOLDER
#:property TargetFramework=net10.0
#:property PublishAot=false
using System.Reflection;

var (assemblyPath, folder) = (args[0], args[1]);
var dir = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
    Path.Combine(dir, new AssemblyName(e.Name).Name + ".dll") is var p && File.Exists(p) ? Assembly.LoadFrom(p) : null;
var bombs = Assembly.LoadFrom(assemblyPath).GetType("Dashboard.Tests.Support.FileBombs")!;
object Make(string method, params object[] arguments) => bombs.GetMethod(method)!.Invoke(null, arguments)!;

Directory.CreateDirectory(folder);
File.WriteAllBytes(Path.Combine(folder, "one-huge-text.xlsx"), (byte[])Make("XlsxWithOneHugeText", 300L * 1024 * 1024));
File.WriteAllBytes(Path.Combine(folder, "huge-sheet.xlsx"), (byte[])Make("XlsxWithHugeSheet", 450L * 1024 * 1024));
File.WriteAllBytes(Path.Combine(folder, "many-texts.xlsx"), (byte[])Make("XlsxWithManyTexts", 20_000_000));
File.WriteAllBytes(Path.Combine(folder, "huge-document.docx"), (byte[])Make("DocxWithHugeDocument", 49L * 1024 * 1024));
File.WriteAllBytes(Path.Combine(folder, "huge-content.pdf"), (byte[])Make("PdfWithHugeContent", 1024L * 1024 * 1024));
File.WriteAllBytes(Path.Combine(folder, "nested-forms.pdf"), (byte[])Make("PdfWithNestedForms", 8, 10));
File.WriteAllText(Path.Combine(folder, "digits.txt"), (string)Make("PastedDigits", 200_000));
foreach (var file in Directory.GetFiles(folder).Order()) Console.WriteLine($"  {Path.GetFileName(file),-20} {new FileInfo(file).Length / 1024,8:N0} KB");
