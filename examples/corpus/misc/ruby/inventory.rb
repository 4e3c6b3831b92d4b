# frozen_string_literal: true

# A tiny warehouse inventory: add stock, ship orders, and report items that need reordering.
class Inventory
  Item = Struct.new(:sku, :name, :quantity, :reorder_level, keyword_init: true)

  class OutOfStock < StandardError; end

  def initialize
    @items = {}
  end

  def add(sku, name:, quantity:, reorder_level: 5)
    item = @items[sku] ||= Item.new(sku: sku, name: name, quantity: 0, reorder_level: reorder_level)
    item.quantity += quantity
    self
  end

  def ship(sku, quantity)
    item = @items.fetch(sku) { raise KeyError, "unknown SKU #{sku}" }
    raise OutOfStock, "only #{item.quantity} of #{item.name} left" if item.quantity < quantity

    item.quantity -= quantity
  end

  def to_reorder
    @items.values.select { |item| item.quantity <= item.reorder_level }.sort_by(&:sku)
  end
end

if $PROGRAM_NAME == __FILE__
  inventory = Inventory.new
  inventory.add('A-100', name: 'bolts', quantity: 40)
           .add('B-200', name: 'nuts', quantity: 12, reorder_level: 10)
           .add('C-300', name: 'washers', quantity: 3)

  [['A-100', 15], ['B-200', 5], ['C-300', 4]].each do |sku, quantity|
    inventory.ship(sku, quantity)
    puts "shipped #{quantity} x #{sku}"
  rescue Inventory::OutOfStock => e
    puts "cannot ship #{sku}: #{e.message}"
  end

  inventory.to_reorder.each { |item| puts "reorder #{item.sku} (#{item.name}): #{item.quantity} left" }
end
