def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.pushAndExpect(basedir, support.authRegistry(authRegistryPort), 'it/explicit-credentials', '1.0', 601)
return true
