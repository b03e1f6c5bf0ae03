import Foundation

/// One constructor per kind of frame (docs/PROTOCOL.md, section 3).
extension WireFrame {
    static func headers(_ callID: UInt64, _ headers: WireRequestHeaders) -> WireFrame {
        var frame = WireFrame()
        frame.callID = callID
        frame.headers = headers
        return frame
    }

    static func message(_ callID: UInt64, _ payload: [UInt8]) -> WireFrame {
        var frame = WireFrame()
        frame.callID = callID
        frame.message.payload = Data(payload)
        return frame
    }

    static func end(_ callID: UInt64, _ error: RPCError?) -> WireFrame {
        var frame = WireFrame()
        frame.callID = callID
        var end = WireEndStream()
        if let error {
            end.status = error.wireStatus
            end.trailers = error.trailers.wire
        } else {
            end.status.code = RPCStatusCode.ok.rawValue
        }
        frame.end = end
        return frame
    }

    static func cancel(_ callID: UInt64, reason: String) -> WireFrame {
        var frame = WireFrame()
        frame.callID = callID
        frame.cancel.reason = reason
        return frame
    }

    static func goAway(lastCallID: UInt64, code: RPCStatusCode, reason: String) -> WireFrame {
        var frame = WireFrame()
        frame.goAway.lastCallID = lastCallID
        frame.goAway.code = code.rawValue
        frame.goAway.reason = reason
        return frame
    }

    static func ping(_ payload: UInt64) -> WireFrame {
        var frame = WireFrame()
        frame.ping.payload = payload
        return frame
    }

    static func pong(_ payload: UInt64) -> WireFrame {
        var frame = WireFrame()
        frame.pong.payload = payload
        return frame
    }

    static func windowUpdate(_ callID: UInt64, messages: UInt32) -> WireFrame {
        var frame = WireFrame()
        frame.callID = callID
        frame.windowUpdate.messages = messages
        return frame
    }
}
