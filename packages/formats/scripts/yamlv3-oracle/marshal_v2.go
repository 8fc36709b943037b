//go:build yamlv2

package main

import "gopkg.in/yaml.v2"

var marshal = yaml.Marshal
