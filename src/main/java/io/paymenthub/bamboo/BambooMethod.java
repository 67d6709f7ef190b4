package io.paymenthub.bamboo;

import java.util.List;

/**
 * The alternative payment methods this runner creates, by Bamboo's {@code PaymentMediaId} (seed tables):
 * what each needs in the request and what the payer gets back.
 */
public enum BambooMethod {
    /** PSE: redirect the payer to {@code CommerceAction.ActionURL}. */
    PSE(List.of("Customer.Email", "Customer.DocumentTypeId", "Customer.DocNumber", "Customer.PhoneNumber",
            "Customer.BillingAddress.Country", "Customer.BillingAddress.State", "Customer.BillingAddress.City",
            "Customer.BillingAddress.AddressDetail", "Customer.BillingAddress.AddressType")),
    /** A cash network (36 Apostar … 44 SuSuerte): a coupon ({@code MetadataOut.PaymentUrl}, {@code PaymentCode}). */
    CASH(List.of("Customer.Email", "Customer.DocNumber")),
    /** Nequi QR: {@code MetadataOut.CodeQr} and {@code Base64Qr}. */
    NEQUI_QR(List.of("Customer.Email")),
    /** Nequi Push: the payer accepts a notification in the Nequi app (10-digit phone, no prefix). */
    NEQUI_PUSH(List.of("Customer.Email", "Customer.PhoneNumber"));

    /** Required besides PaymentMediaId, Amount, Currency and TargetCountryISO (every method needs those). */
    public final List<String> required;

    BambooMethod(List<String> required) {
        this.required = required;
    }

    /** The method of a PaymentMediaId, or null when this runner does not create purchases with it. */
    public static BambooMethod of(int paymentMediaId) {
        return switch (paymentMediaId) {
            case 538 -> PSE;
            case 36, 37, 38, 39, 40, 42, 43, 44 -> CASH;
            case 67 -> NEQUI_QR;
            case 68 -> NEQUI_PUSH;
            default -> null;
        };
    }
}
