/// Which server the simulator plays: the hosted Coze API, or a self-hosted Coze Studio with its
/// own paths and shapes. Its own type (not the client's `CozeService`), so the simulator stays
/// independent of the client it checks.
public enum SimulatedService: String, Sendable, CaseIterable {
    case coze
    case studio
}
