// Parse embedded CSV rows (city,temperature), report bad rows, print min/max/mean per city by name.
package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

const data = `city,temperature
Oslo,-3.5
Lisbon,18.2
Oslo,1.0
Cairo,31.4
Lisbon,21.7
Oslo,n/a
Cairo,29.9
Paris
Lisbon,16.4
Cairo,35.0
Rome,
Paris,12.3
Oslo,-7.2
`

type cityStats struct {
	min, max, total float64
	count           int
}

func main() {
	reader := csv.NewReader(strings.NewReader(data))
	reader.FieldsPerRecord = -1 // check the field count ourselves to report it per line
	if _, err := reader.Read(); err != nil {
		panic(err)
	}
	stats := map[string]*cityStats{}
	skipped, readings := 0, 0
	for {
		record, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			panic(err)
		}
		line, _ := reader.FieldPos(0)
		if len(record) != 2 {
			fmt.Printf("skipping line %d: expected 2 fields, got %d\n", line, len(record))
			skipped++
			continue
		}
		value, err := strconv.ParseFloat(record[1], 64)
		if err != nil {
			fmt.Printf("skipping line %d: invalid temperature '%s'\n", line, record[1])
			skipped++
			continue
		}
		s, ok := stats[record[0]]
		if !ok {
			s = &cityStats{min: math.Inf(1), max: math.Inf(-1)}
			stats[record[0]] = s
		}
		s.min = math.Min(s.min, value)
		s.max = math.Max(s.max, value)
		s.total += value
		s.count++
		readings++
	}
	cities := make([]string, 0, len(stats))
	for city := range stats {
		cities = append(cities, city)
	}
	sort.Strings(cities)
	fmt.Printf("parsed %d readings, skipped %d lines\n", readings, skipped)
	fmt.Printf("%-8s%7s%7s%8s%10s\n", "city", "min", "max", "mean", "readings")
	for _, city := range cities {
		s := stats[city]
		fmt.Printf("%-8s%7.1f%7.1f%8.2f%10d\n", city, s.min, s.max, s.total/float64(s.count), s.count)
	}
}
