def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.pushAndExpect(basedir, support.authRegistry(authRegistryPort), 'it/settings-credentials', '1.0', 501)
return true
