package io.paymenthub.store;

import io.paymenthub.events.Payment;

/**
 * How a partner's received payment is recognised as the same bank movement under another external id (docs/contract.md: One
 * movement, one payment). Bound per provider; a provider without one is matched on its external id only.
 */
public interface MovementIdentity {

    /** The movement behind a payment, or null when the provider has no movement identity. */
    Movement of(Payment payment);

    /**
     * @param id       the bank's own movement id, when the report carries it (else null)
     * @param key      date, payer bank, payer phone, reference without leading zeros and amount (null if one is unknown)
     * @param matchKey the same without the amount: what a held report is matched on when its amount is at fault
     */
    record Movement(String id, String key, String matchKey) {
    }
}
