//go:build !yamlv2

package main

import "gopkg.in/yaml.v3"

var marshal = yaml.Marshal
