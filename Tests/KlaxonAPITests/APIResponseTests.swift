import KlaxonAPI
import KlaxonEngine
import KlaxonModel
import KlaxonStorage
import Testing

@Suite struct APIResponseTests {
    @Test("vector results print as Prometheus's /api/v1/query body")
    func vector() {
        let result = QueryResult(value: .vector([Sample(labels: ["__name__": "up", "job": "a<b"], t: 1_500, v: 1.5)]))
        #expect(
            APIResponse.success(result)
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a\u003cb"},"value":[1.500,"1.5"]}]}}"#
        )
    }

    @Test("scalars, special floats and warnings")
    func scalarAndWarnings() {
        var annotations = Annotations()
        annotations.warn("PromQL warning: something")
        let result = QueryResult(value: .scalar(t: 60_000, v: -.infinity), annotations: annotations)
        #expect(
            APIResponse.success(result)
                == #"{"status":"success","data":{"resultType":"scalar","result":[60,"-Inf"]},"warnings":["PromQL warning: something"]}"#
        )
    }

    @Test("matrix results list values per series")
    func matrix() {
        let series = SeriesSamples(labels: ["a": "b"], points: [FPoint(t: 0, v: .nan), FPoint(t: 5, v: 1e21)])
        #expect(
            APIResponse.encode(.matrix([series]))
                == #"[{"metric":{"a":"b"},"values":[[0,"NaN"],[0.005,"1000000000000000000000"]]}]"#
        )
    }

    @Test("errors carry Prometheus's errorType", arguments: [
        (EvaluationError.Kind.execution, "execution"), (.timeout, "timeout"), (.badData, "bad_data"),
        (.tooManySamples, "execution"), (.canceled, "canceled"),
    ])
    func errors(kind: EvaluationError.Kind, name: String) {
        let type = APIResponse.errorType(of: EvaluationError(kind, "boom"))
        #expect(APIResponse.error(type, "boom") == #"{"status":"error","errorType":"\#(name)","error":"boom"}"#)
    }
}
