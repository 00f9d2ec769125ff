package io.marketflow.contracts;

/** Shared numeric rules for prices: present, finite and strictly positive. */
final class Prices {

    private Prices() {}

    static boolean valid(Double price) {
        return price == null || (Double.isFinite(price) && price > 0);
    }

    static boolean finite(Double value) {
        return value == null || Double.isFinite(value);
    }
}
