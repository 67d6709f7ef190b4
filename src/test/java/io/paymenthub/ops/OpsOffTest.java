package io.paymenthub.ops;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.paymenthub.support.RunnerTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No ops.password: /ops/ answers 401 to everything, whatever is presented, and the start log says why in one line. */
class OpsOffTest extends RunnerTestSupport {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("ops.password", "");
    }

    @Test
    void withoutAPasswordEveryOpsRequestIs401AndOneStartLineSaysSo() throws Exception {
        for (String password : new String[] {"", "anything", OPS_PASSWORD}) {
            HttpResponse<String> response = opsAs(OPS_USER, password, "GET", "audit", null);

            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains("ops.password is not set"), response.body());
        }
        assertEquals(401, opsAs(null, null, "POST", "rejected/1/replay", "{}").statusCode());
        String log = Files.readString(Path.of("target", "test-logs", "tests.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("ops.password is not set: /ops/ on the management port answers 401 to every request"), "start line");
    }
}
