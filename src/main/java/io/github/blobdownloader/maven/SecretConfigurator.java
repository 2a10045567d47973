package io.github.blobdownloader.maven;

import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.component.configurator.converters.basic.AbstractBasicConverter;

/**
 * Maven's standard parameter configurator, plus a converter that turns a {@code <password>} or
 * {@code -Dblob.password} value straight into a {@link Secret}.
 *
 * <p>Why: without it Maven builds a {@code Secret} through a {@code set(String)} method, and its {@code -X}
 * parameter dump reports that call with the plain value ({@code (s)  = the-password}). A converter's work is
 * not reported, so {@code -X} shows only the field: {@code (f) password = ******}. Goals select this
 * configurator by {@link #ID} in their {@code @Mojo(configurator = ...)}; it is registered under that hint in
 * {@code META-INF/plexus/components.xml} (Maven 3.8 cannot scan Java 17 classes for {@code @Named}).
 */
public class SecretConfigurator extends BasicComponentConfigurator {

    /** The role hint in components.xml. */
    static final String ID = "blob-downloader";

    public SecretConfigurator() {
        converterLookup.registerConverter(new SecretConverter());
    }

    /** String to {@link Secret}, without telling the configuration listener the value. */
    static final class SecretConverter extends AbstractBasicConverter {

        @Override
        public boolean canConvert(Class<?> type) {
            return Secret.class.equals(type);
        }

        @Override
        protected Object fromString(String value) {
            return new Secret(value);
        }
    }
}
