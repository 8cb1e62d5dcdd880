/// How the planner treats existing sources and secrets.
public struct PlanOptions: Sendable, Equatable {
    /// Send secrets for existing sources even though they cannot be compared (`--update-secrets`).
    public var updateSecrets: Bool
    /// Only create: leave existing sources alone (`--no-update`).
    public var noUpdate: Bool

    /// Creates options; the defaults compare and update everything but secrets.
    public init(updateSecrets: Bool = false, noUpdate: Bool = false) {
        self.updateSecrets = updateSecrets
        self.noUpdate = noUpdate
    }
}
