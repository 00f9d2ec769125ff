package io.marketflow.pipeline.system;

import java.util.Locale;

/**
 * Which environment variable sets which property. The rule is mechanical, and {@code application.yml} follows
 * it for every fixed name: {@code mdp.fb.stale-after-sec} is {@code MDP_FB_STALE_AFTER_SEC}, and a map key
 * becomes the name part: {@code mdp.rate[ibkr].refill-rate} is {@code MDP_RATE_IBKR_REFILL_RATE}.
 */
final class SettingNames {

    private SettingNames() {}

    /** The variable behind an {@code mdp.*} property, e.g. {@code mdp.fb.policy} -> {@code MDP_FB_POLICY}. */
    static String variableFor(String property) {
        return property.replace("[", ".")
                .replace("]", "")
                .replace('.', '_')
                .replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** {@code MDP_FB_POLICY (mdp.fb.policy)}, for messages. */
    static String describe(String property) {
        return property.startsWith("mdp.") ? variableFor(property) + " (" + property + ")" : property;
    }
}
