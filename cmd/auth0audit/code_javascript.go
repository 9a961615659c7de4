package main

// jsIncludeHelp documents --include for the JavaScript/TypeScript scan.
const jsIncludeHelp = "JavaScript/TypeScript files skipped by default to scan after all: node_modules, vendor, build (dist, build, out, .next, ...), minified, testdata, hidden (directories starting with a dot)"
