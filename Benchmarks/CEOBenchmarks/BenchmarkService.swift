import CEOAPI
public import CEORPC
import Foundation

/// `ceo.bench.v1.Benchmark`: echo and a stream of fixed-size messages.
public struct BenchmarkService: RPCService {
    public init() {}

    public func registerMethods(with router: inout RPCRouter) {
        router.register(BenchmarkRPC.echo) { request, _ in
            if request.delayMs > 0 { try await Task.sleep(for: .milliseconds(Int(request.delayMs))) }
            var response = BenchEchoResponse()
            response.payload = request.payload
            return response
        }
        router.register(BenchmarkRPC.stream) { request, writer, _ in
            var message = BenchEchoResponse()
            message.payload = Data(repeating: 0x5A, count: Int(min(request.payloadBytes, 1 << 20)))
            for sequence in 0..<request.count {
                message.sequence = sequence
                try await writer.send(message)
            }
        }
    }
}
