package io.github.blobdownloader.maven;

import io.github.blobdownloader.Log;
import io.github.blobdownloader.inspect.ImageInspector;
import io.github.blobdownloader.inspect.InspectionFormat;
import io.github.blobdownloader.layout.AtomicFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Prints what a reference resolves to without downloading layers: digest, media type, the platforms of an
 * index, and for the chosen platform (or every one with {@code platform=all}) the layers with sizes and
 * media types, the config's {@code created} time and os/arch.
 *
 * @since 1.0.0
 */
@Mojo(name = "inspect", requiresProject = false, threadSafe = true, configurator = SecretConfigurator.ID)
public class InspectMojo extends AbstractRegistryMojo {

    /**
     * Tag to inspect; overrides a tag given in {@code image}. Without a tag or digest, {@code tagStrategy}
     * chooses one.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.tag")
    private String tag;

    /**
     * Output format of {@code inspect}: {@code text} (for people, in the build log) or {@code json} (for
     * programs, printed on standard output without log prefixes; add {@code -q} to get only the JSON).
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.format", defaultValue = "text")
    private String format;

    /**
     * File to write the {@code inspect} output to (in {@code format}), written atomically, instead of the
     * build log or standard output. Use it for {@code json} on Maven 4, which prefixes everything a plugin
     * prints on standard output with {@code [INFO] [stdout]}.
     *
     * @since 1.0.0
     */
    @Parameter(property = "blob.outputFile")
    private File outputFile;

    @Inject
    public InspectMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected void run(Log log) {
        InspectionFormat chosen = InspectionFormat.parse(format);
        var inspection = new ImageInspector(log).inspect(query(blankToNull(tag), log));
        if (outputFile != null) {
            Path target = outputFile.toPath().toAbsolutePath().normalize();
            String text = String.join("\n", chosen.render(inspection)) + "\n";
            AtomicFiles.writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
            log.info("Wrote the " + chosen.name().toLowerCase(Locale.ROOT) + " inspection of " + image + " to "
                    + target);
        } else if (chosen == InspectionFormat.JSON) {
            // Machine-readable output goes to stdout unprefixed so that `mvn -q … > out.json` works.
            chosen.render(inspection).forEach(System.out::println);
        } else {
            chosen.render(inspection).forEach(log::info);
        }
    }
}
