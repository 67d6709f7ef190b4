package io.paymenthub.luka;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.events.Json;
import io.paymenthub.partner.PartnerError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of docs/partners.md (Luka, Statuses): Luka's answers and the statuses they normalize to. */
class LukaStatusTest {

    @Test
    void exitosoTrueIsNotPaidByItselfTheProcessingStatusDecides() throws Exception {
        assertEquals("APPROVED", normalize("{\"exitoso\":true,\"infoProceso\":{\"estatusProcesamiento\":\"success\"},\"transaccionId\":7}").status());
        assertEquals("PENDING", normalize("{\"exitoso\":true,\"infoProceso\":{\"estatusProcesamiento\":\"pending\"},\"transaccionId\":7}").status());
        assertEquals("PENDING", normalize("{\"exitoso\":true,\"transaccionId\":7}").status(),
                "no processing status: nothing says it failed, so it is checked again");
    }

    @Test
    void exitosoFalseIsRejectedKeepingLukasText() throws Exception {
        LukaStatus.Normalized n = normalize("{\"exitoso\":false,\"descripcion\":\"Referencia no encontrada\",\"transaccionId\":7,"
                + "\"infoProceso\":{\"estatusProcesamiento\":\"pending\"}}");

        assertEquals("REJECTED", n.status());
        assertEquals("Referencia no encontrada", n.reason());
        assertTrue(n.isFinal());
    }

    @Test
    void anyOtherFinalProcessingStatusIsRejectedKeepingLukasText() throws Exception {
        LukaStatus.Normalized n = normalize("{\"exitoso\":true,\"descripcion\":\"Pago reversado\",\"transaccionId\":7,"
                + "\"infoProceso\":{\"estatusProcesamiento\":\"reversed\"}}");

        assertEquals("REJECTED", n.status());
        assertEquals("Luka: reversed — Pago reversado", n.reason());
    }

    @Test
    void aProcessingStatusNeitherSuccessNorAnExplicitFailureIsPendingNotRejected() throws Exception {
        for (String wording : new String[] {"Pendiente por revisión", "En revisión", "procesando", "review", "PENDIENTE_REVISION"}) {
            LukaStatus.Normalized n = normalize("{\"exitoso\":true,\"transaccionId\":7,\"infoProceso\":{\"estatusProcesamiento\":\""
                    + wording + "\"}}");
            assertEquals("PENDING", n.status(), wording);
            assertNull(n.reason(), wording);
            assertFalse(n.isFinal(), wording);
        }
        for (String failure : new String[] {"rejected", "Rechazado", "FAILED", "pago_fallido", "Denegada por el banco", "anulado",
                "cancelled", "error"}) {
            assertEquals("REJECTED", normalize("{\"exitoso\":true,\"transaccionId\":7,\"infoProceso\":{\"estatusProcesamiento\":\""
                    + failure + "\"}}").status(), failure);
        }
    }

    @Test
    void theSeedsPascalCaseNamesReadTheSameAsItsCamelCaseExample() throws Exception {
        LukaStatus.Normalized n = normalize("{\"Exitoso\":true,\"InfoProceso\":{\"EstatusProcesamiento\":\"Success\"},"
                + "\"TransaccionId\":123456,\"TrazaId\":\"t-1\",\"Descripcion\":\"ok\"}");

        assertEquals("APPROVED", n.status());
        assertEquals("123456", n.transaccionId());
        assertEquals("t-1", n.trazaId());
        assertEquals("ok", n.descripcion());
    }

    @Test
    void aTransaccionIdOfZeroOrAbsentIsNoIdentity() throws Exception {
        assertNull(normalize("{\"exitoso\":true,\"transaccionId\":0}").transaccionId());
        assertNull(normalize("{\"exitoso\":true}").transaccionId());
        assertEquals("42", normalize("{\"exitoso\":true,\"transaccionId\":\"42\"}").transaccionId());
    }

    @Test
    void anAnswerWithoutExitosoIsNotATransaction() {
        assertThrows(PartnerError.class, () -> normalize("{\"mensaje\":\"x\"}"));
        assertFalse(LukaStatus.isTransaction(null));
    }

    @Test
    void alreadyRegisteredIsRecognisedByItsWordsWhateverTheCaseOrAccents() throws Exception {
        assertTrue(answer(400, "{\"mensaje\":\"el pago ya fue registrado\",\"codigo\":400,\"continua\":false,\"mensajeId\":\"m\"}").isAlreadyRegistered());
        assertTrue(answer(400, "{\"mensaje\":\"El pago YA FUE REGISTRADO.\"}").isAlreadyRegistered());
        assertFalse(answer(400, "{\"mensaje\":\"el código del banco es incorrecto\"}").isAlreadyRegistered());
        assertFalse(answer(500, "{\"mensaje\":\"el pago ya fue registrado\"}").isAlreadyRegistered(), "only as a 400 (or 409)");
        assertEquals("el código del banco es incorrecto", answer(400, "{\"Mensaje\":\"el código del banco es incorrecto\"}").mensaje());
    }

    @Test
    void lukasErrorFieldsArePassedOnAsSent() throws Exception {
        LukaAnswer a = answer(400, "{\"mensaje\":\"la moneda no está soportada\",\"codigo\":400,\"continua\":true,\"mensajeId\":\"abc\"}");

        assertEquals("{mensaje=la moneda no está soportada, codigo=400, continua=true, mensajeId=abc}", a.partnerError().toString());
        assertEquals("HTTP 400 (la moneda no está soportada)", a.describe());
    }

    private static LukaStatus.Normalized normalize(String json) throws Exception {
        return LukaStatus.normalize(Json.MAPPER.readTree(json));
    }

    private static LukaAnswer answer(int status, String json) throws Exception {
        JsonNode node = Json.MAPPER.readTree(json);
        return new LukaAnswer(status, node, json);
    }
}
