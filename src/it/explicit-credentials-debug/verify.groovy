def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertAuthenticatedDebugPull(basedir, new File(basedir, 'target/downloaded_blobs'), authRegistryPort,
        '<username>/<password> parameters')
// Maven's -X parameter dump shows the Secret's mask (see SecretConfigurator).
assert support.buildLog(basedir).contains('password = ******')
// Without -ntp the plugin shows its transfer progress, as Maven does (reactor-logs checks -ntp).
assert support.buildLog(basedir).contains('Transfer progress: shown')
return true
