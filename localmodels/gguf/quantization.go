package gguf

import (
	"path"
	"regexp"
	"strings"
)

// fileTypeNames are llama.cpp's llama_ftype values (include/llama.h) under the names its llama-quantize tool and
// the model files' own names use. Values llama.cpp removed (4, 5, 6, 33-35) and values newer than this table are
// not named.
var fileTypeNames = map[int64]string{
	0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
	10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M",
	18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
	26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16",
	36: "TQ1_0", 37: "TQ2_0", 38: "MXFP4_MOE",
}

// ftypeGuessed is llama.cpp's LLAMA_FTYPE_GUESSED flag, set on a file type inferred from the tensors.
const ftypeGuessed = 1024

// quantizationSuffix is what a quantization looks like at the end of a model file's name (…-Q4_K_M.gguf,
// …-IQ3_XXS.gguf, …-f16.gguf, …-Q8_0.gguf).
var quantizationSuffix = regexp.MustCompile(`^(I?Q[0-9]+(_[0-9A-Z]+)*|TQ[0-9]_[0-9]|F16|F32|BF16|MXFP4(_MOE)?)$`)

// Quantization names the file's quantization: general.file_type when the file has a value llama.cpp names, else
// the quantization in filename (the part after the last '-' and before the extension, as the model alias names
// it), else "". The header comes first because a filename is free text.
func (f *File) Quantization(filename string) string {
	if f.FileType != nil {
		if name, ok := fileTypeNames[*f.FileType&^ftypeGuessed]; ok {
			return name
		}
	}
	return QuantizationOfName(filename)
}

// QuantizationOfName is the quantization a model file's name ends with, upper-cased, or "" when its last
// '-'-separated part does not look like one.
func QuantizationOfName(filename string) string {
	base := path.Base(filename)
	base = strings.TrimSuffix(base, path.Ext(base))
	if i := strings.LastIndex(base, "-"); i >= 0 {
		base = base[i+1:]
	}
	q := strings.ToUpper(base)
	if !quantizationSuffix.MatchString(q) {
		return ""
	}
	return q
}
