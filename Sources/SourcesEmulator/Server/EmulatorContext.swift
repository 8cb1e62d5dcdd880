import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage, the connection (so a fault
/// can close it without answering) and the account the API key acts for.
struct EmulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel
    /// The authenticated account (set by ``EmulatorMiddleware`` before any route runs).
    var account: String = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Bodies over 1 MB are refused with 413.
    var maxUploadSize: Int { EmulatorState.maxBodyBytes }
}
