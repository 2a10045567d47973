def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertAuthenticatedDebugPull(basedir, new File(basedir, 'downloaded_blobs'), authRegistryPort,
        "settings.xml server '127.0.0.1:${authRegistryPort}'")
return true
