package io.paymenthub.luka;

/**
 * A call to Luka's API, kept in an exchange property so it can be sent again as it was after a fresh
 * login (the login itself goes through the message).
 *
 * @param query  the URL query without {@code ?}, or null
 * @param body   the JSON body, or null
 * @param userIp the {@code userIp} header: the customer's address, or {@code luka.default-user-ip}
 */
public record LukaRequest(String method, String path, String query, String body, String userIp) {

    /** Exchange property holding the request in flight. */
    public static final String PROPERTY = "lukaRequest";
}
