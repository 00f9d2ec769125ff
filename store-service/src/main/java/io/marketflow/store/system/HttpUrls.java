package io.marketflow.store.system;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A setting that holds one http(s) URL or several separated by commas, each absolute with a host. Checked at
 * binding, so a bad entry stops start-up with a message naming the setting instead of failing later in a bean.
 */
@Documented
@Constraint(validatedBy = HttpUrls.Check.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
@interface HttpUrls {

    String message() default "must be an http(s) URL, or several separated by commas";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<HttpUrls, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true; // whether it may be missing is @NotNull's business
            }
            try {
                parse(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /**
         * The URLs in {@code value}, in order and without repeats (a receiver listed twice would get every
         * event twice).
         *
         * @throws IllegalArgumentException if an entry is empty, not a URL, not http(s) or has no host
         */
        static List<URI> parse(String value) {
            Set<URI> urls = new LinkedHashSet<>();
            for (String entry : value.split(",", -1)) {
                URI url;
                try {
                    url = new URI(entry.strip());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
                }
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL with a host: " + url);
                }
                urls.add(url);
            }
            return List.copyOf(urls);
        }
    }
}
