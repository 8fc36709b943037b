// yaml.v3 oracle for the go-vcr emitter's differential tests (see test/yamlv3/oracle.ts).
//
// Reads JSON lines from stdin, {"doc": <tagged value>}, and writes one JSON line per input, in order:
// {"out": <yaml.Marshal text>} or {"out": {"$error": "<message>"}}. Mappings keep their key order: each
// becomes a struct type made with reflect.StructOf, one interface{} field per key tagged yaml:"<key>"
// (so keys cannot be "", "-" or hold a comma); Marshal then writes the fields in order, exactly as it
// writes a go-vcr cassette struct. {"$bytes": base64} is a Go string holding those bytes, {"$float":
// repr} a float64, {"$int": digits} and integral JSON numbers an int64.
//
// Run in GOPATH mode with Debian's package: GO111MODULE=off GOPATH=/usr/share/gocode go run main.go
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"
)

func scalar(v interface{}) interface{} { return v }

func decode(raw json.RawMessage) interface{} {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		panic(err)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			var items []json.RawMessage
			if err := json.Unmarshal(raw, &items); err != nil {
				panic(err)
			}
			n := make([]interface{}, 0, len(items))
			for _, item := range items {
				n = append(n, decode(item))
			}
			return n
		}
		return decodeMap(raw)
	case json.Number:
		if i, err := strconv.ParseInt(t.String(), 10, 64); err == nil {
			return scalar(i)
		}
		f, _ := t.Float64()
		return scalar(f)
	case string:
		return scalar(t)
	case bool:
		return scalar(t)
	case nil:
		return scalar(nil)
	}
	panic(fmt.Sprintf("unexpected token %v", tok))
}

// decodeMap reads an object's keys in order; one-key objects with a $ key are tagged values.
func decodeMap(raw json.RawMessage) interface{} {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	d.Token() // {
	var keys []string
	var values []json.RawMessage
	for d.More() {
		k, _ := d.Token()
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			panic(err)
		}
		keys = append(keys, k.(string))
		values = append(values, v)
	}
	if len(keys) == 1 {
		var s string
		switch keys[0] {
		case "$bytes":
			json.Unmarshal(values[0], &s)
			b, _ := base64.StdEncoding.DecodeString(s)
			return scalar(string(b))
		case "$float":
			json.Unmarshal(values[0], &s)
			switch s {
			case "inf", "Infinity":
				return scalar(math.Inf(1))
			case "-inf", "-Infinity":
				return scalar(math.Inf(-1))
			case "nan", "NaN":
				return scalar(math.NaN())
			}
			f, _ := strconv.ParseFloat(s, 64)
			return scalar(f)
		case "$int":
			json.Unmarshal(values[0], &s)
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				panic(err)
			}
			return scalar(i)
		case "$map":
			return decodeMap(values[0])
		}
	}
	fields := make([]reflect.StructField, len(keys))
	anyType := reflect.TypeOf((*interface{})(nil)).Elem()
	for i, k := range keys {
		fields[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: anyType, Tag: reflect.StructTag("yaml:" + strconv.Quote(k))}
	}
	n := reflect.New(reflect.StructOf(fields)).Elem()
	for i := range keys {
		if v := decode(values[i]); v != nil {
			n.Field(i).Set(reflect.ValueOf(v))
		}
	}
	return n.Interface()
}

func dump(raw json.RawMessage) (out interface{}) {
	defer func() {
		if r := recover(); r != nil {
			out = map[string]string{"$error": fmt.Sprint(r)}
		}
	}()
	b, err := yaml.Marshal(decode(raw))
	if err != nil {
		return map[string]string{"$error": err.Error()}
	}
	return string(b)
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req struct {
				Doc json.RawMessage `json:"doc"`
			}
			if err := json.Unmarshal(line, &req); err != nil {
				panic(err)
			}
			b, _ := json.Marshal(map[string]interface{}{"out": dump(req.Doc)})
			out.Write(b)
			out.WriteString("\n")
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}
