// The public surface of the Normconf library, chosen name by name: what a conforming
// implementation and its test suite need, and nothing of the machinery behind it.

// Values and the layer's arguments.
@_exported import struct NormalizationReference.NDArray
@_exported import enum NormalizationReference.AxisArgument
@_exported import enum NormalizationReference.DType
@_exported import enum NormalizationReference.DTypePolicy
@_exported import struct Corpus.Construction

// The implementation protocol and what a layer throws.
@_exported import protocol Playback.NormalizationImplementation
@_exported import protocol Playback.NormalizationLayer
@_exported import struct Corpus.Statistics
@_exported import struct Playback.LayerError
@_exported import struct Playback.Unsupported
@_exported import enum Playback.ComputeType

// The corpus.
@_exported import enum CorpusFile.BundledCorpus
@_exported import struct Corpus.CorpusDocument
@_exported import enum CorpusFile.CorpusFileError
@_exported import struct Corpus.GoldenCase

// Judging: options, selection, expectations, and the reports.
@_exported import struct Harness.JudgeOptions
@_exported import struct Harness.Tolerance
@_exported import struct Harness.Selection
@_exported import struct Harness.ExpectationsFile
@_exported import struct Harness.RunReport
@_exported import struct Harness.CaseVerdict
@_exported import enum Harness.Outcome
@_exported import struct Harness.Deviation
@_exported import enum Harness.TextReport
@_exported import enum Harness.JSONReport
@_exported import enum Harness.JUnitReport

// The results file, for implementations that take the `normconf run --exec` route.
@_exported import struct Corpus.ResultsDocument
@_exported import enum Corpus.CaseResults
@_exported import enum Corpus.StepResult
@_exported import struct Corpus.RaisedError
@_exported import enum CorpusFile.ResultsFile
