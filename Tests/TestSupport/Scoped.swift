/// Runs `body` with `resource`, then awaits `shutdown(resource)` whether `body` returned or
/// threw: the `with { }` of every harness (a `defer` cannot await, and a `defer { Task { … } }`
/// lets the shutdown run into the next test).
public func scoped<Resource, Result>(
    _ resource: Resource, shutdown: (Resource) async -> Void, _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        await shutdown(resource)
        throw error
    }
    await shutdown(resource)
    return result
}
