package io.paymenthub.bancamiga;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import io.paymenthub.bancamiga.BancamigaReconciler.FindTarget;
import io.paymenthub.sandbox.BancamigaSimulator;
import io.paymenthub.sandbox.BancamigaSimulator.Fault;
import io.paymenthub.support.RunnerTestSupport;
import io.paymenthub.support.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failing bank opens the circuit breaker (calls stop reaching it), which closes again once the bank answers. */
class BancamigaCircuitBreakerTest extends RunnerTestSupport {

    private static final BancamigaSimulator BANK = new BancamigaSimulator().started();
    private static final String[] PAIR = BANK.issueInitialPair();
    private static final FindTarget TARGET = new FindTarget("584240000031", "0172", LocalDate.now());

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "bancamiga.base-url", BANK.baseUrl(),
                "bancamiga.access-token", PAIR[0],
                "bancamiga.refresh-token", PAIR[1],
                "bancamiga.find.cron", "0 0 0 1 1 ? 2099",
                "bancamiga.history.cron", "0 0 0 1 1 ? 2099",
                "bancamiga.circuit.open-seconds", "2");
    }

    @AfterAll
    void stopBank() {
        Secrets.remember(BANK.issuedTokens().toArray(String[]::new));
        BANK.stop();
    }

    @Test
    void repeatedFailuresOpenTheBreakerAndASuccessfulProbeClosesIt() {
        BANK.failNext("/public/protected/pm/find", Fault.SERVER_ERROR, 4);
        for (int i = 0; i < 4; i++) {
            assertThrows(Exception.class, () -> template.requestBody("direct:bancamiga-find", TARGET));
        }
        int reachedBank = BANK.findCalls();

        for (int i = 0; i < 5; i++) {
            assertThrows(Exception.class, () -> template.requestBody("direct:bancamiga-find", TARGET));
        }
        assertTrue(BANK.findCalls() == reachedBank, "while open, calls fail fast without reaching the bank");

        // after the open period a probe goes through; the bank answers again, so the breaker closes
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> template.requestBody("direct:bancamiga-find", TARGET, Integer.class) != null);
        assertTrue(BANK.findCalls() > reachedBank);
        for (int i = 0; i < 3; i++) {
            template.requestBody("direct:bancamiga-find", TARGET);
        }
    }
}
