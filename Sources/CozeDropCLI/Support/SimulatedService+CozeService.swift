import CozeAPI
import CozeSimulator

extension SimulatedService {
    /// The simulator flavour that plays `service`.
    init(_ service: CozeService) {
        switch service {
        case .coze: self = .coze
        case .studio: self = .studio
        }
    }
}
