import AuthService
import CEOTestSupport

extension ManualClock {
    var authClock: AuthClock { AuthClock { [self] in now } }
}
