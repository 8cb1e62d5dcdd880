public import NIOCore

/// A Swift concurrency task executor that runs jobs on one NIO event loop.
///
/// Tasks that prefer it (`withTaskExecutorPreference`, `TaskGroup.addTask(executorPreference:)`)
/// run on the thread that also does the client's socket I/O, and so do the default actors
/// they call (the rate governor). A request then costs no thread switch between Swift's
/// cooperative pool and the event loop: measured on a 2-core machine, that switching was
/// most of the client's CPU per request.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop the jobs run on.
    public let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { [self] in
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
