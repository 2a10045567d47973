package io.github.blobdownloader.maven;

import java.io.File;

/**
 * One {@code <image>} of the {@code images} parameter. Fields left out take the execution's value.
 *
 * <pre>{@code
 * <image>
 *   <id>app</id>                   <!-- optional: properties blob.result.<id>.*, subfolder name -->
 *   <name>registry.example.com/team/app</name>
 *   <tag>1.4.2</tag>
 *   <tagStrategy>semver</tagStrategy>
 *   <platform>linux/arm64</platform>
 *   <mediaTypes>application/vnd.example.*</mediaTypes>
 *   <artifactType>application/vnd.example.config</artifactType>
 *   <outputDirectory>${project.build.directory}/app</outputDirectory>
 *   <publicKeys>keys/app.pub</publicKeys>         <!-- optional: only images signed by this key -->
 * </image>
 * }</pre>
 */
public class Image {

    /**
     * Id for the {@code blob.result.<id>.digest} and {@code blob.result.<id>.tag} properties and the subfolder;
     * default: the last part of the repository name.
     */
    String id;
    /** Image reference, as {@code image}. */
    String name;
    /** Tag, as {@code tag}. */
    String tag;
    /** Tag strategy, as {@code tagStrategy}. */
    String tagStrategy;
    /** Platform, as {@code platform}. */
    String platform;
    /** Layer media types to keep, as {@code mediaTypes}. */
    String mediaTypes;
    /** The artifactType the artifact must have, as {@code artifactType}. */
    String artifactType;
    /** Output folder, as {@code outputDirectory}. */
    File outputDirectory;
    /** Public key files its signatures must verify with, as {@code publicKeys}. */
    String publicKeys;

    @Override
    public String toString() {
        return id != null ? id : String.valueOf(name);
    }
}
