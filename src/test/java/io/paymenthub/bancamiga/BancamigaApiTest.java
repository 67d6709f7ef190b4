package io.paymenthub.bancamiga;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.paymenthub.partner.PartnerError;
import io.paymenthub.partner.PartnerError.Kind;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bancamiga's documented codes become named errors whether they come as the HTTP status or in the body. */
class BancamigaApiTest {

    private final BancamigaApi api = new BancamigaApi(null);

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(200, "{\"code\":511,\"mensaje\":\"Error formato\"}", Kind.REFUSED, 511),
                Arguments.of(511, "{\"code\":511,\"mensaje\":\"Error formato\"}", Kind.REFUSED, 511),
                Arguments.of(511, "", Kind.REFUSED, 511),
                Arguments.of(200, "{\"code\":512,\"mensaje\":\"Error token expirado o invalido\"}", Kind.UNAUTHORIZED, 512),
                Arguments.of(512, "", Kind.UNAUTHORIZED, 512),
                Arguments.of(200, "{\"code\":503,\"mensaje\":\"Error token no autorizado o expirado\"}", Kind.UNAUTHORIZED, 503),
                Arguments.of(503, "{\"code\":503,\"mensaje\":\"Credenciales invalidas\"}", Kind.UNAUTHORIZED, 503),
                Arguments.of(200, "{\"code\":551}", Kind.REFUSED, 551),
                Arguments.of(552, "{\"code\":552}", Kind.REFUSED, 552),
                Arguments.of(553, "", Kind.REFUSED, 553),
                Arguments.of(503, "Service Unavailable", Kind.UNAVAILABLE, 503),
                Arguments.of(500, "", Kind.UNAVAILABLE, 500),
                Arguments.of(502, "<html>bad gateway</html>", Kind.UNAVAILABLE, 502),
                Arguments.of(200, "{\"code\":200,\"lista\":[", Kind.UNEXPECTED, 200),
                Arguments.of(200, "[]", Kind.UNEXPECTED, 200),
                Arguments.of(200, "{\"code\":429,\"mensaje\":\"una vez cada 10 minutos\"}", Kind.UNEXPECTED, 429));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2} {3}")
    @MethodSource("answers")
    void everyDocumentedCodeBecomesANamedErrorFromStatusOrBody(int status, String body, Kind expected, int code) {
        PartnerError error = assertThrows(PartnerError.class, () -> api.check(answer(status, body)));

        assertEquals(expected, error.kind());
        assertEquals(code, error.code(), "the partner's code is kept");
        assertEquals("Bancamiga", error.partner());
    }

    @Test
    void aSuccessfulAnswerGivesItsListItemByItem() throws Exception {
        Exchange exchange = answer(200, "{\"num\":2,\"lista\":[{\"Refpk\":\"1\"},{\"Refpk\":\"2\"}],\"code\":200}");
        api.check(exchange);

        List<String> refpks = new ArrayList<>();
        try (BancamigaApi.Items items = BancamigaApi.items(exchange)) {
            items.forEach(item -> refpks.add(item.path("Refpk").asText()));
        }
        assertEquals(List.of("1", "2"), refpks);
    }

    @Test
    void anAnswerCutShortInsideItsListIsRefusedBeforeAnyItemIsRead() {
        PartnerError error = assertThrows(PartnerError.class, () -> api.check(answer(200,
                "{\"code\":200,\"lista\":[{\"Refpk\":\"1\"},{\"Refpk\":\"2\"")));

        assertEquals(Kind.UNEXPECTED, error.kind());
    }

    @Test
    void aListThatIsNotAListIsRefused() {
        PartnerError error = assertThrows(PartnerError.class, () -> api.check(answer(200, "{\"code\":200,\"lista\":\"none\"}")));

        assertEquals(Kind.UNEXPECTED, error.kind());
    }

    @Test
    void aTokenAnswerGivesThePairWithItsExpiryDespiteTheBanksSpelling() throws Exception {
        Exchange exchange = answer(200, "{\"code\":200,\"expireDate\":1778246388,\"refresToken\":\"r2\",\"token\":\"a2\"}");
        api.check(exchange);
        var pair = api.readTokenPair(exchange);

        assertEquals("a2", pair.accessToken());
        assertEquals("r2", pair.refreshToken());
        assertEquals(1778246388L, pair.expiresAt().getEpochSecond());
    }

    private static Exchange answer(int status, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
