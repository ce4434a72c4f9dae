import Testing
import JSONText

/// `normconf eval` end to end: documents in, JSON answers out, exit codes.
@Suite struct EvalCommandTests {
    private func steps(_ stdout: String) throws -> [JSONValue] {
        guard case .array(let steps)? = try JSONValue(parsing: stdout)["steps"] else { return [] }
        return steps
    }

    @Test func documentationExamples() throws {
        let documents = [
            (#"{"axis": null, "steps": [{"op": "adapt", "data": [1,2,3,4,5]}, {"op": "call", "input": [1,2,3]}]}"#,
             "[-1.4142135623730951, -0.7071067811865476, 0.0]"),
            (#"{"axis": -1, "steps": [{"op": "adapt", "data": [[0,7,4],[2,9,6],[0,7,4],[2,9,6]]}, {"op": "call", "input": [[0,7,4]]}]}"#,
             "[[-1.0, -1.0, -1.0]]"),
            (#"{"mean": 3.0, "variance": 2.0, "steps": [{"op": "call", "input": [[1],[2],[3]]}]}"#,
             "[[-1.4142135623730951], [-0.7071067811865476], [0.0]]"),
            (#"{"axis": -1, "invert": true, "steps": [{"op": "adapt", "data": [[0,7,4],[2,9,6],[0,7,4],[2,9,6]]}, {"op": "call", "input": [[1,2,3]]}]}"#,
             "[[2.0, 10.0, 8.0]]"),
        ]
        for (document, expected) in documents {
            let run = try normconf(["eval"], stdin: document)
            #expect(run.status == 0, "\(run.stderr)")
            let last = try steps(run.stdout).last
            #expect(last?["status"] == .string("ok"))
            #expect(last?["output"]?.text == expected)
        }
    }

    @Test func layerErrorIsAnAnswer() throws {
        let run = try normconf(["eval"], stdin: #"{"axis": 2, "steps": [{"op": "build", "input_shape": [null, 3]}, {"op": "call", "input": [1]}]}"#)
        #expect(run.status == 0)
        let steps = try steps(run.stdout)
        #expect(steps.count == 2)  // nothing after the first error
        #expect(steps.last?["error"] == .string("axis_out_of_range"))
        #expect(steps.last?["exception"] == .string("ValueError"))
    }

    @Test func constructionErrorIsAConstructStep() throws {
        let run = try normconf(["eval"], stdin: #"{"axis": 1.5}"#)
        #expect(run.status == 0)
        let steps = try steps(run.stdout)
        #expect(steps.count == 1 && steps[0]["op"] == .string("construct") && steps[0]["error"] == .string("axis_type"))
    }

    @Test func nonFiniteValuesAndExplicitShapes() throws {
        let document = #"{"axis": null, "steps": [{"op": "adapt", "data": {"shape": [0, 2], "data": []}}, {"op": "call", "input": ["inf"]}]}"#
        let run = try normconf(["eval"], stdin: document)
        let steps = try steps(run.stdout)
        #expect(steps[1]["mean"] == .string("nan") && steps[2]["output"] == .array([.array([.string("nan")])]))
    }

    @Test(arguments: [
        ("{\"axis\": -1", "invalid JSON"),
        ("[1, 2]", "expected an object"),
        ("{\"steps\": [{\"op\": \"fly\"}]}", "$.steps[0].op"),
        ("{\"steps\": [{\"op\": \"call\", \"input\": [[1, 2], [3]]}]}", "unequal lengths"),
        ("{\"steps\": [{\"op\": \"call\", \"input\": [\"one\"]}]}", "$.steps[0].input[0]"),
        ("{\"variance\": 1, \"colour\": 2}", "key \"colour\""),
        // Hostile documents: refused with the path, before anything of their size is allocated.
        ("{\"axis\": -1, \"axis\": 0}", "duplicate key \"axis\""),
        ("{\"mean\": 1e999, \"variance\": 1}", "$.mean: expected a number within float64's range"),
        ("{\"steps\": [{\"op\": \"build\", \"input_shape\": [null, 2305843009213693952]}]}", "$.steps[0].input_shape"),
        ("{\"steps\": [{\"op\": \"build\", \"input_shape\": [0, 1000000000000000000]}]}", "at most 2147483648 elements"),
        ("{\"steps\": [{\"op\": \"call\", \"input\": {\"shape\": [4294967296, 4294967296], \"data\": []}}]}", "$.steps[0].input.shape"),
    ])
    func malformedDocuments(document: String, complaint: String) throws {
        let run = try normconf(["eval"], stdin: document)
        #expect(run.status == 2)
        #expect(run.stderr.contains(complaint), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func unreadableFileAndUnknownOption() throws {
        #expect(try normconf(["eval", "/nonexistent/document.json"]).status == 3)
        #expect(try normconf(["eval", "--bogus"]).status == 2)
    }
}
