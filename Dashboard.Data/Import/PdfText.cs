using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace Dashboard.Data.Import;

/// <summary>One character drawn on a PDF page: where its baseline starts and ends, its size, and whether its font is bold.</summary>
public sealed record PdfGlyph(string Text, double X, double Right, double Baseline, double Size, bool Bold);

/// <summary>A PDF page as its characters: what <see cref="PdfText"/> reads paragraphs from.</summary>
public sealed record PdfGlyphPage(int Number, double Width, double Height, IReadOnlyList<PdfGlyph> Glyphs);

/// <summary>
/// A PDF's text layer, read within a <see cref="ReadBudget"/>: every stream PdfPig unpacks is measured before it is
/// unpacked (a 1 MB file may hold a gigabyte of compressed content), and every page is read through a processor that
/// keeps only characters and stops at <see cref="ReadLimits.MaxGlyphsPerPage"/> — forms drawing forms drawing text
/// (a few kilobytes that draw billions of characters) are refused, not drawn. The characters are then read into
/// paragraphs as a person reads the page (<see cref="PdfParagraphs"/>).
/// </summary>
public static class PdfText
{
    /// <summary>The pages' characters. Throws <see cref="ReadLimitException"/> past a limit.</summary>
    public static IReadOnlyList<PdfGlyphPage> ReadPages(byte[] bytes, ReadBudget budget)
    {
        var options = new ParsingOptions { FilterProvider = new BudgetFilters(budget), SkipMissingFonts = true, UseLenientParsing = true };
        using var document = PdfDocument.Open(bytes, options);
        budget.ThrowIfExceeded();
        if (document.NumberOfPages > ReadLimits.MaxPages)
        {
            budget.Refuse($"这份 PDF 有 {document.NumberOfPages} 页，超过 {ReadLimits.MaxPages} 页的上限（一份年度报告只有几十页），未读取。");
        }
        document.AddPageFactory<PdfGlyphPage, GlyphPageFactory>();
        var pages = new List<PdfGlyphPage>(document.NumberOfPages);
        var characters = 0;
        for (var number = 1; number <= document.NumberOfPages; number++)
        {
            budget.Check();
            var page = document.GetPage<PdfGlyphPage>(number);
            budget.ThrowIfExceeded();
            characters += page.Glyphs.Count;
            if (characters > ReadLimits.MaxTextLength)
            {
                budget.Refuse($"这份 PDF 的文字超过 {ReadLimits.MaxTextLength / 10_000} 万字的上限（一份年度报告只有几万字），未读取。");
            }
            pages.Add(page);
        }
        return pages;
    }

    /// <summary>
    /// PdfPig's own filters, each measured first: Flate is inflated once into nothing to count what it would give;
    /// filters that cannot grow much are bounded by their ratio; images are not decoded at all (no text is in them).
    /// </summary>
    private sealed class BudgetFilters(ReadBudget budget) : BaseFilterProvider(Filters(budget))
    {
        public ReadBudget Budget { get; } = budget;

        private static Dictionary<string, IFilter> Filters(ReadBudget budget)
        {
            IFilter Inner(NameToken name) => DefaultFilterProvider.Instance.GetNamedFilters([name])[0];
            var flate = new BudgetFilter(Inner(NameToken.FlateDecode), FilterKind.Flate, budget);
            var lzw = new BudgetFilter(Inner(NameToken.LzwDecode), FilterKind.Lzw, budget);
            var runLength = new BudgetFilter(Inner(NameToken.RunLengthDecode), FilterKind.RunLength, budget);
            var ascii85 = new BudgetFilter(Inner(NameToken.Ascii85Decode), FilterKind.Ascii, budget);
            var asciiHex = new BudgetFilter(Inner(NameToken.AsciiHexDecode), FilterKind.Ascii, budget);
            var image = new BudgetFilter(Inner(NameToken.DctDecode), FilterKind.Image, budget);
            return new Dictionary<string, IFilter>
            {
                [NameToken.FlateDecode.Data] = flate, [NameToken.FlateDecodeAbbreviation.Data] = flate,
                [NameToken.LzwDecode.Data] = lzw, [NameToken.LzwDecodeAbbreviation.Data] = lzw,
                [NameToken.RunLengthDecode.Data] = runLength, [NameToken.RunLengthDecodeAbbreviation.Data] = runLength,
                [NameToken.Ascii85Decode.Data] = ascii85, [NameToken.Ascii85DecodeAbbreviation.Data] = ascii85,
                [NameToken.AsciiHexDecode.Data] = asciiHex, [NameToken.AsciiHexDecodeAbbreviation.Data] = asciiHex,
                [NameToken.DctDecode.Data] = image, [NameToken.DctDecodeAbbreviation.Data] = image,
                [NameToken.CcittfaxDecode.Data] = image, [NameToken.CcittfaxDecodeAbbreviation.Data] = image,
                [NameToken.Jbig2Decode.Data] = image, [NameToken.JpxDecode.Data] = image,
            };
        }
    }

    private enum FilterKind { Flate, Lzw, RunLength, Ascii, Image }

    private sealed class BudgetFilter(IFilter inner, FilterKind kind, ReadBudget budget) : IFilter
    {
        /// <summary>The most an LZW stream can give per byte (12-bit codes of up to 4,096 bytes each).</summary>
        private const long LzwRatio = 2_731;

        private static readonly string PartMessage =
            $"这份 PDF 中有一段数据解压后超过 {ReadLimits.MaxPartBytes / 1024 / 1024} MB 的上限（一份报告远小于此），未读取。";

        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            budget.Check();
            switch (kind)
            {
                case FilterKind.Image:
                    return input;
                case FilterKind.Flate:
                    Measure(input);
                    return inner.Decode(input, streamDictionary, filterProvider, filterIndex);
                default:
                    var bound = input.Length * (kind switch { FilterKind.Lzw => LzwRatio, FilterKind.RunLength => 64L, _ => 4L });
                    if (bound > ReadLimits.MaxPartBytes) budget.Refuse(PartMessage);
                    var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
                    budget.Unpack(output.Length);
                    return output;
            }
        }

        /// <summary>Inflates the stream into nothing, counting, and refuses as soon as it is past a limit.</summary>
        private void Measure(Memory<byte> input)
        {
            if (input.Length < 2) return;
            // As PdfPig reads it: two bytes of zlib header, then deflate.
            using var deflate = new DeflateStream(new MemoryStream(input[2..].ToArray(), writable: false), CompressionMode.Decompress);
            var scratch = new byte[64 * 1024];
            long total = 0;
            try
            {
                int read;
                while ((read = deflate.Read(scratch)) > 0)
                {
                    total += read;
                    if (total > ReadLimits.MaxPartBytes) budget.Refuse(PartMessage);
                    budget.Unpack(read);
                }
            }
            catch (InvalidDataException)
            {
                // Damaged data: PdfPig keeps what it gets, and so is it counted.
            }
        }
    }

    /// <summary>Makes a page's characters with <see cref="GlyphCollector"/>, within the budget the document was opened with.</summary>
    private sealed class GlyphPageFactory(
        IPdfTokenScanner pdfScanner, IResourceStore resourceStore, ILookupFilterProvider filterProvider,
        IPageContentParser pageContentParser, ParsingOptions parsingOptions)
        : BasePageFactory<PdfGlyphPage>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
    {
        protected override PdfGlyphPage ProcessPage(int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations,
            MediaBox mediaBox, CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation,
            TransformationMatrix initialMatrix, IReadOnlyList<IGraphicsStateOperation> operations)
        {
            var budget = ((BudgetFilters)ParsingOptions.FilterProvider!).Budget;
            var bounds = cropBox.Bounds;
            var (width, height) = rotation.SwapsAxis ? (bounds.Height, bounds.Width) : (bounds.Width, bounds.Height);
            if (operations.Count == 0) return new PdfGlyphPage(pageNumber, width, height, []);
            var collector = new GlyphCollector(pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox,
                userSpaceUnit, rotation, initialMatrix, ParsingOptions, budget);
            return new PdfGlyphPage(pageNumber, width, height, collector.Process(pageNumber, operations));
        }
    }

    /// <summary>Keeps each character drawn (and nothing else: no paths, no images), up to the page's limit.</summary>
    private sealed class GlyphCollector(
        int pageNumber, IResourceStore resourceStore, IPdfTokenScanner pdfScanner, IPageContentParser pageContentParser,
        ILookupFilterProvider filterProvider, CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation,
        TransformationMatrix initialMatrix, ParsingOptions parsingOptions, ReadBudget budget)
        : BaseStreamProcessor<IReadOnlyList<PdfGlyph>>(pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox,
            userSpaceUnit, rotation, initialMatrix, parsingOptions)
    {
        private readonly List<PdfGlyph> glyphs = [];
        private int drawn;

        public override IReadOnlyList<PdfGlyph> Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
        {
            PageNumber = pageNumberCurrent;
            CloneAllStates();
            ProcessOperations(operations);
            return glyphs;
        }

        public override void RenderGlyph(IFont font, CurrentGraphicsState currentState, double fontSize, double pointSize, int code,
            string unicode, long currentOffset, in TransformationMatrix renderingMatrix, in TransformationMatrix textMatrix,
            in TransformationMatrix transformationMatrix, CharacterBoundingBox characterBoundingBox)
        {
            // Counted whether kept or not: what costs is the drawing.
            if (++drawn > ReadLimits.MaxGlyphsPerPage)
            {
                budget.Refuse($"这份 PDF 第 {PageNumber} 页画出的文字超过 {ReadLimits.MaxGlyphsPerPage:N0} 个字符的上限（一页报告只有一两千字），未读取。");
            }
            if ((drawn & 1023) == 0) budget.Check();
            if (string.IsNullOrEmpty(unicode)) return;
            var start = Place(0, renderingMatrix, textMatrix, transformationMatrix);
            var end = Place(characterBoundingBox.Width, renderingMatrix, textMatrix, transformationMatrix);
            var bold = font.Details.IsBold || font.Details.Weight >= FontDetails.BoldWeight
                       || currentState.FontState.TextRenderingMode is TextRenderingMode.FillThenStroke;
            glyphs.Add(new PdfGlyph(unicode, start.X, end.X, start.Y, pointSize, bold));
        }

        private static PdfPoint Place(double x, in TransformationMatrix rendering, in TransformationMatrix text, in TransformationMatrix transformation) =>
            transformation.Transform(text.Transform(rendering.Transform(new PdfPoint(x, 0))));

        protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord) { }
        protected override void RenderInlineImage(InlineImage inlineImage) { }
        public override void PaintShading(NameToken shadingName) { }
        public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties) { }
        public override void EndMarkedContent() { }
        public override void BeginSubpath() { }
        public override PdfPoint? CloseSubpath() => null;
        public override void StrokePath(bool close) { }
        public override void FillPath(FillingRule fillingRule, bool close) { }
        public override void FillStrokePath(FillingRule fillingRule, bool close) { }
        public override void MoveTo(double x, double y) { }
        public override void BezierCurveTo(double x2, double y2, double x3, double y3) { }
        public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3) { }
        public override void LineTo(double x, double y) { }
        public override void Rectangle(double x, double y, double width, double height) { }
        public override void EndPath() { }
        public override void ClosePath() { }
        public override void ModifyClippingIntersect(FillingRule clippingRule) { }
        protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule) { }
    }
}
