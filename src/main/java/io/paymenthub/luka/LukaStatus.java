package io.paymenthub.luka;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.partner.PartnerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Luka's transaction answer (movpay, pagodiferido, webhook: one shape) normalized to our statuses. The one
 * place the mapping lives; docs/partners.md (Luka, Statuses) says the same:
 * <ul>
 *   <li>{@code Exitoso=false}: REJECTED, with Luka's {@code Descripcion} as the reason</li>
 *   <li>{@code Exitoso=true} and {@code InfoProceso.EstatusProcesamiento}: {@code success} → APPROVED,
 *       {@code pending} → PENDING; a value carrying an explicit failure word ({@link #FAILURE_WORDS}: rejected,
 *       rechazado, failed, fallido, …) → REJECTED with Luka's text; any other value (Luka's own wording for manual
 *       review is "Pendiente por revisión") → PENDING, kept in the deferred checks, with a warning naming it</li>
 *   <li>{@code Exitoso=true} without an {@code EstatusProcesamiento}: PENDING — "Exitoso=true does not mean
 *       paid", and nothing says it failed, so it is checked again through the polling endpoint</li>
 * </ul>
 */
public final class LukaStatus {

    public static final String APPROVED = "APPROVED";
    public static final String PENDING = "PENDING";
    public static final String REJECTED = "REJECTED";
    public static final String EXPIRED = "EXPIRED";

    /**
     * A normalized answer.
     *
     * @param status           APPROVED, PENDING or REJECTED
     * @param reason           why, for REJECTED (Luka's text); null otherwise
     * @param exitoso          Luka's {@code Exitoso}
     * @param estatus          Luka's {@code InfoProceso.EstatusProcesamiento} as sent ("" when absent)
     * @param descripcion      Luka's {@code Descripcion} ("" when absent)
     * @param transaccionId    Luka's {@code TransaccionId}, null when absent or 0
     * @param trazaId          the {@code TrazaId} Luka echoes ("" when absent)
     */
    public record Normalized(String status, String reason, boolean exitoso, String estatus, String descripcion,
                             String transaccionId, String trazaId) {
        public boolean isFinal() {
            return !PENDING.equals(status);
        }
    }

    /**
     * Words (accents and case ignored) that make a processing status an explicit failure. Anything else that
     * is not a success is not a final answer: PENDING, checked again.
     */
    public static final Set<String> FAILURE_WORDS = Set.of("rejected", "rechazado", "rechazada", "rechazo", "failed", "failure",
            "fail", "fallido", "fallida", "fallo", "declined", "denied", "denegado", "denegada", "cancelled", "canceled",
            "cancelado", "cancelada", "anulado", "anulada", "reversed", "reversado", "reversada", "error", "invalid",
            "invalido", "invalida", "expired", "vencido", "vencida", "expirado", "expirada");

    private static final Logger LOG = LoggerFactory.getLogger(LukaStatus.class);

    private LukaStatus() {
    }

    /** Whether a processing status names a failure: one of its words is in {@link #FAILURE_WORDS}. */
    static boolean isFailure(String estatus) {
        String plain = Normalizer.normalize(estatus, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        for (String word : plain.split("[^a-z]+")) {
            if (FAILURE_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the JSON is a transaction answer at all (it carries {@code Exitoso}). */
    public static boolean isTransaction(JsonNode answer) {
        JsonNode exitoso = LukaFields.get(answer, "exitoso");
        return exitoso != null && (exitoso.isBoolean() || "true".equalsIgnoreCase(exitoso.asText()) || "false".equalsIgnoreCase(exitoso.asText()));
    }

    /** Normalizes a transaction answer; throws {@link PartnerError} when the JSON is not one. */
    public static Normalized normalize(JsonNode answer) {
        if (!isTransaction(answer)) {
            throw LukaAnswer.error(PartnerError.Kind.UNEXPECTED, 200, "Luka answered without a boolean Exitoso: not a transaction answer", null);
        }
        boolean exitoso = LukaFields.get(answer, "exitoso").asBoolean() || "true".equalsIgnoreCase(LukaFields.text(answer, "exitoso"));
        String estatus = LukaFields.text(LukaFields.get(answer, "infoProceso"), "estatusProcesamiento");
        String descripcion = LukaFields.text(answer, "descripcion");
        String transaccionId = LukaFields.transaccionId(answer);
        String trazaId = LukaFields.text(answer, "trazaId");
        String status;
        String reason = null;
        String value = estatus.toLowerCase(Locale.ROOT);
        if (!exitoso) {
            status = REJECTED;
            reason = descripcion.isEmpty() ? "Luka answered Exitoso=false" + (estatus.isEmpty() ? "" : " (" + estatus + ")") : descripcion;
        } else if (value.equals("success") || value.equals("exitoso")) {
            status = APPROVED;
        } else if (value.isEmpty() || value.equals("pending") || value.equals("pendiente")) {
            status = PENDING;
        } else if (isFailure(estatus)) {
            status = REJECTED;
            reason = "Luka: " + estatus + (descripcion.isEmpty() ? "" : " — " + descripcion);
        } else {
            status = PENDING;
            LOG.warn("Luka answered EstatusProcesamiento \"{}\" for luka:{}, neither success nor a failure: kept PENDING and"
                    + " checked again", estatus, transaccionId);
        }
        return new Normalized(status, reason, exitoso, estatus, descripcion, transaccionId, trazaId);
    }
}
