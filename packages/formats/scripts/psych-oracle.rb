#!/usr/bin/env ruby
# Psych oracle for the Ruby VCR emitter's differential tests (see test/psych/oracle.ts).
#
# Reads JSON lines from stdin, one document each: {"doc": <tagged value>}, and writes one JSON line
# per input, in order: {"out": <YAML.dump text>} or {"out": {"$error": "<Class>: <message>"}}.
# Tagged values are those of test/pyyaml/codec.ts: {"$bytes": base64} (an ASCII-8BIT String),
# {"$float": repr}, {"$int": digits}, {"$map": {...}}.
require 'json'
require 'yaml'
require 'base64'

def decode(v)
  case v
  when Array then v.map { |x| decode(x) }
  when Hash
    if v.size == 1
      k, x = v.first
      case k
      when '$bytes' then return Base64.strict_decode64(x).force_encoding(Encoding::ASCII_8BIT)
      when '$float'
        return Float::INFINITY if x == 'inf' || x == 'Infinity'
        return -Float::INFINITY if x == '-inf' || x == '-Infinity'
        return Float::NAN if x == 'nan' || x == 'NaN'
        return Float(x)
      when '$int' then return Integer(x)
      when '$map' then return x.to_h { |kk, xx| [kk, decode(xx)] }
      end
    end
    v.to_h { |k, x| [k, decode(x)] }
  else v
  end
end

$stdout.sync = true
$stdin.each_line do |line|
  next if line.strip.empty?
  doc = decode(JSON.parse(line)['doc'])
  out = begin
    YAML.dump(doc)
  rescue StandardError => e
    { '$error' => "#{e.class}: #{e.message}" }
  end
  $stdout.write(JSON.generate({ 'out' => out }) + "\n")
end
