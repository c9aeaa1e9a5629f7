package io.windshift.sample;

/**
 * The JSON body of {@code POST /orders}.
 *
 * @param orderId the client's order id, used as idempotency key
 * @param customer who ordered
 * @param sku what was ordered
 * @param quantity how many
 * @param priceCents the unit price
 */
record PlaceOrderRequest(String orderId, String customer, String sku, int quantity, long priceCents) {

}
